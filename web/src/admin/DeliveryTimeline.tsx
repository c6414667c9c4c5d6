import type { DeliveryChannel, UserQuery } from './graphql/generated/graphql';
import { when } from './operation-result';

type Delivery = NonNullable<UserQuery['user']>['deliveries'][number];

const CHANNELS: Record<DeliveryChannel, string> = { SMS: 'SMS', CALL: 'Call', WHATSAPP: 'WhatsApp' };

/** What a support question starts from: the status the receipt gave, and Twilio's code when it failed. */
function statusOf({ status, errorCode }: Delivery): string {
  if (!status) return 'No receipt';
  return errorCode === null ? status : `${status} (Twilio error ${errorCode})`;
}

function attemptsOf({ attempts }: Delivery): string {
  if (attempts.length === 0) return '—';
  return attempts
    .map(({ at, delivered, error }) => `${delivered ? 'Handed on' : `Failed${error ? `: ${error}` : ''}`} ${when(at)}`)
    .join('; ');
}

/** user(id).deliveries: each code and text sent to the person, newest first, with its receipt. */
export function DeliveryTimeline({ deliveries }: { deliveries: Delivery[] }) {
  if (deliveries.length === 0) return <p>Nothing was sent to this user.</p>;
  return (
    <table>
      <caption className="visually-hidden">Texts and calls</caption>
      <thead>
        <tr>
          <th scope="col">Time</th>
          <th scope="col">What</th>
          <th scope="col">Channel</th>
          <th scope="col">Status</th>
          <th scope="col">Attempts</th>
        </tr>
      </thead>
      <tbody>
        {deliveries.map((delivery, index) => (
          <tr key={`${delivery.at}-${index}`}>
            <td>{when(delivery.at)}</td>
            <td className="keep-words">{delivery.kind === 'CODE' ? 'Code' : 'Message'}</td>
            <td className="keep-words">{delivery.channel ? CHANNELS[delivery.channel] : '—'}</td>
            <td>{statusOf(delivery)}</td>
            <td>{attemptsOf(delivery)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
