import type { UserError } from '../../shared/outcome';

/**
 * Thrown inside a transaction to roll back what it wrote when a later conditional write finds
 * that a concurrent request was first (the code spent, the challenge completed): the caller
 * answers with the errors instead.
 */
export class Refused extends Error {
  constructor(readonly errors: UserError[]) {
    super('refused');
    this.name = 'Refused';
  }
}
