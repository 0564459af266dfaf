import type { Contact } from '../../../shared/domain.ts';
import { AppError } from '../errors.ts';
import { phoneDigits } from './normalize.ts';

/**
 * A contact must stay recognisable: it keeps at least a name, an email or a phone number, and a phone
 * number holds at least one digit.
 */
export function assertIdentity(c: Pick<Contact, 'firstName' | 'lastName' | 'email' | 'phone'>): void {
  if (c.phone !== null && phoneDigits(c.phone) === null) {
    throw new AppError('VALIDATION', 'Invalid input: phone: a phone number needs at least one digit', {
      issues: [{ path: 'phone', message: 'a phone number needs at least one digit' }],
    });
  }
  if (!c.firstName && !c.lastName && !c.email && !c.phone) {
    throw new AppError('VALIDATION', 'Invalid input: a contact needs at least a name, an email or a phone number', {
      issues: [{ path: '', message: 'a contact needs at least a name, an email or a phone number' }],
    });
  }
}
