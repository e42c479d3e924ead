import { QueryFailedError } from 'typeorm';
import { loggableError } from './scim-exception.filter';

describe('loggableError', () => {
  it('keeps name, message, code and stack, and drops the SQL, its parameters and the driver error', () => {
    const driverError = Object.assign(new Error('Data too long for column'), {
      code: 'ER_DATA_TOO_LONG',
      sql: "INSERT INTO credentials (secret_hash) VALUES ('scrypt$32768$8$1$c2FsdA$aGFzaA')",
    });
    const err = new QueryFailedError(
      'INSERT INTO credentials (secret_hash) VALUES (?)',
      ['scrypt$32768$8$1$c2FsdA$aGFzaA'],
      driverError,
    );
    const logged = loggableError(err);
    expect(logged).toEqual({
      name: 'QueryFailedError',
      message: 'Data too long for column',
      code: 'ER_DATA_TOO_LONG',
      stack: expect.any(String),
    });
    expect(JSON.stringify(logged)).not.toContain('scrypt$');
  });

  it('describes a thrown non-error by its type only', () => {
    expect(loggableError('Hunter2-password')).toEqual({ value: 'string' });
  });
});
