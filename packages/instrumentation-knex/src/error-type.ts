const CODE = /^[A-Za-z0-9_.-]{1,64}$/;
const CLASS_NAME = /^[A-Za-z_$][\w$]{0,63}$/;

/**
 * `error.type` of a failed migration, bounded by construction: the driver's code when it has one
 * (an SQLSTATE such as `42P01` for PostgreSQL, a symbolic code such as `ER_NO_SUCH_TABLE` for
 * mysql2, a Node.js system error code), else the error's class name (`TypeError`, a custom class),
 * else `_OTHER`. Never the message.
 */
export function migrationErrorType(error: unknown): string {
  if (error !== null && typeof error === 'object') {
    const code = (error as { code?: unknown }).code;
    if ((typeof code === 'string' && CODE.test(code)) || (typeof code === 'number' && Number.isInteger(code))) return String(code);
    const name = (error as { constructor?: { name?: unknown } }).constructor?.name;
    if (typeof name === 'string' && CLASS_NAME.test(name) && name !== 'Object') return name;
  }
  return '_OTHER';
}
