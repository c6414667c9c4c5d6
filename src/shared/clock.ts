/** Time comes through here so tests can move it (expiry of codes and sessions). */
export type Clock = () => Date;

export const systemClock: Clock = () => new Date();
