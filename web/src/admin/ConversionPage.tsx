import { useMemo, useState } from 'react';
import { useQuery } from 'urql';
import { Alert } from '../components/Alert';
import { ConversionDocument, type ConversionQuery } from './graphql/generated/graphql';

type ConversionRow = ConversionQuery['conversion'][number];

const PERIODS = { '24': 'The last 24 hours', '168': 'The last 7 days', '720': 'The last 30 days' } as const;
type Period = keyof typeof PERIODS;

const percent = (ratio: number | null) => (ratio === null ? '—' : `${Math.round(ratio * 100)} %`);

/** conversion(since): codes sent and entered per country, as a table and as bars drawn in SVG. */
export function ConversionPage() {
  const [period, setPeriod] = useState<Period>('24');
  // Whole hours, as the counts are kept: the same variables on every render, so one request a choice.
  const since = useMemo(() => {
    const hour = Math.floor(Date.now() / 3_600_000) - Number(period);
    return new Date(hour * 3_600_000).toISOString();
  }, [period]);
  const [{ data, error }] = useQuery({ query: ConversionDocument, variables: { since } });
  const rows = data?.conversion;

  return (
    <>
      <h1 tabIndex={-1}>Conversion per country</h1>
      <div className="field">
        <label htmlFor="conversion-period">Period</label>
        <select id="conversion-period" value={period} onChange={(event) => setPeriod(event.target.value as Period)}>
          {Object.entries(PERIODS).map(([hours, label]) => (
            <option key={hours} value={hours}>
              {label}
            </option>
          ))}
        </select>
      </div>
      <Alert messages={error && error.response?.status !== 401 ? [error.message] : []} />
      {rows && rows.length === 0 && <p role="status">No codes were sent in this period.</p>}
      {rows && rows.length > 0 && (
        <>
          <table>
            <caption>Conversion per country</caption>
            <thead>
              <tr>
                <th scope="col">Country</th>
                <th scope="col">Codes sent</th>
                <th scope="col">Verified</th>
                <th scope="col">Conversion</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.key}>
                  <th scope="row">{row.key}</th>
                  <td>{row.sent}</td>
                  <td>{row.verified}</td>
                  <td>{percent(row.ratio)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <ConversionBars rows={rows} />
        </>
      )}
    </>
  );
}

const BAR_HEIGHT = 22;
const LABEL_WIDTH = 48;
const WIDTH = 480;

/** The table's last column as bars; the table says the same in words, so the drawing is one image. */
function ConversionBars({ rows }: { rows: ConversionRow[] }) {
  const barWidth = WIDTH - LABEL_WIDTH - 56;
  return (
    <svg
      className="conversion-bars"
      role="img"
      aria-label="Conversion per country as bars; the table above gives the numbers"
      viewBox={`0 0 ${WIDTH} ${rows.length * (BAR_HEIGHT + 8)}`}
    >
      {rows.map((row, index) => {
        const y = index * (BAR_HEIGHT + 8);
        return (
          <g key={row.key}>
            <text x={0} y={y + BAR_HEIGHT * 0.72}>
              {row.key}
            </text>
            <rect className="track" x={LABEL_WIDTH} y={y} width={barWidth} height={BAR_HEIGHT} rx={4} />
            <rect x={LABEL_WIDTH} y={y} width={barWidth * (row.ratio ?? 0)} height={BAR_HEIGHT} rx={4} />
            <text x={LABEL_WIDTH + barWidth + 8} y={y + BAR_HEIGHT * 0.72}>
              {percent(row.ratio)}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
