import { useRef, useState } from 'react';
import type { UserFieldsFragment } from '../../graphql/generated/graphql';
import { RecoveryCodes } from './RecoveryCodes';
import { TwoStepOff } from './TwoStepOff';
import { TwoStepSetup, type StartedSetup } from './TwoStepSetup';
import { TwoStepStart } from './TwoStepStart';

/** Turning the second step at sign-in on (with an app or texts) and off; the recovery codes, shown once. */
export function TwoStepSection({ user }: { user: UserFieldsFragment }) {
  const [setup, setSetup] = useState<StartedSetup>();
  const [recoveryCodes, setRecoveryCodes] = useState<readonly string[]>();
  /** Turned off from here: the form to turn it on again says so. */
  const [turnedOff, setTurnedOff] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  /** The part that had the focus is gone: the focus goes back to the top of the section. */
  const refocus = () => heading.current?.focus();
  return (
    <section className="step" aria-labelledby="two-step-heading">
      <h2 id="two-step-heading" tabIndex={-1} ref={heading}>
        Two-step sign-in
      </h2>
      {recoveryCodes ? (
        <RecoveryCodes
          codes={recoveryCodes}
          email={user.email}
          onDone={() => {
            setRecoveryCodes(undefined);
            refocus();
          }}
        />
      ) : user.twoStep ? (
        <TwoStepOff
          method={user.twoStep}
          email={user.email}
          onTurnedOff={() => {
            setTurnedOff(true);
            refocus();
          }}
        />
      ) : setup ? (
        <TwoStepSetup
          setup={setup}
          phone={user.phoneNumber}
          onCancel={() => {
            setSetup(undefined);
            refocus();
          }}
          onConfirmed={(codes) => {
            setSetup(undefined);
            setRecoveryCodes(codes);
          }}
        />
      ) : (
        <TwoStepStart
          email={user.email}
          phone={user.phoneNumber}
          turnedOff={turnedOff}
          onStarted={(started) => {
            setTurnedOff(false);
            setSetup(started);
          }}
        />
      )}
    </section>
  );
}
