import type { Summary } from './stats';

/** One line of the results table; numbers stay numbers here and in the JSON, text is for the eye. */
export interface Row {
  scenario: string;
  target: string;
  /** Requests per second, or hashes per second for the Argon2id probe. */
  rps: number;
  p50?: number;
  p99?: number;
  ratio?: string;
  non2xx?: number;
  errors?: number;
  mismatches?: number;
  server?: Summary['server'];
  loaderCpuCores?: number;
}

export function rowOf(scenario: string, target: string, summary: Summary, ratio?: string): Row {
  const { rps, p50, p99, non2xx, errors, mismatches, server, loaderCpuCores } = summary;
  return { scenario, target, rps, p50, p99, ratio, non2xx, errors, mismatches, server, loaderCpuCores };
}

const HEADERS = [
  'scenario',
  'target',
  'req/s',
  'p50 ms',
  'p99 ms',
  'ratio',
  'non2xx',
  'errors',
  'bad body',
  'srv CPU',
  'srv ELU',
  'loop delay p50/p99/max ms',
  'loader CPU',
];

export function formatTable(rows: Row[]): string {
  const cells = rows.map((r) => [
    r.scenario,
    r.target,
    fmtRate(r.rps),
    fmtMs(r.p50),
    fmtMs(r.p99),
    r.ratio ?? '',
    fmtCount(r.non2xx),
    fmtCount(r.errors),
    fmtCount(r.mismatches),
    r.server ? r.server.cpuCores.toFixed(2) : '-',
    r.server ? r.server.eventLoopUtilization.toFixed(2) : '-',
    r.server
      ? [r.server.eventLoopDelay.p50, r.server.eventLoopDelay.p99, r.server.eventLoopDelay.max]
          .map((v) => v.toFixed(1))
          .join(' / ')
      : '-',
    r.loaderCpuCores === undefined ? '-' : r.loaderCpuCores.toFixed(2),
  ]);
  const widths = HEADERS.map((h, i) => Math.max(h.length, ...cells.map((row) => row[i].length)));
  const numeric = (i: number) => i >= 2 && i !== 5;
  const line = (row: string[]) =>
    row
      .map((cell, i) => (numeric(i) ? cell.padStart(widths[i]) : cell.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  const out = [line(HEADERS), rule];
  rows.forEach((row, i) => {
    if (i > 0 && row.scenario !== rows[i - 1].scenario) out.push('');
    out.push(line(cells[i]));
  });
  return out.join('\n');
}

export function fmtRate(value: number): string {
  if (!Number.isFinite(value)) return '-';
  return value >= 100 ? Math.round(value).toLocaleString('en-US') : value.toFixed(1);
}

export function fmtMs(value: number | undefined): string {
  if (value === undefined || !Number.isFinite(value)) return '-';
  return Number.isInteger(value) ? String(value) : value.toFixed(1);
}

function fmtCount(value: number | undefined): string {
  return value === undefined ? '-' : String(value);
}

export function fmtMiB(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

export function ratio(numerator: number, denominator: number): number {
  return denominator > 0 ? numerator / denominator : NaN;
}
