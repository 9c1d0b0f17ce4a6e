'use strict';
// Label values come from fixed lists, driver codes, class names and connection settings only.
const { expect } = require('chai');
// Migration failures are classified by core's one error-type function, as every data layer's are.
const { errorType: migrationErrorType } = require('@nodeprom/core');
const { systemOf, namespaceOf, noteMysqlConnection } = require('../build/target');

describe('knex layer label values', () => {
  it('error_type: the driver code, else the class name, never the message', () => {
    expect(migrationErrorType(Object.assign(new Error('relation "x" does not exist'), { code: '42P01' }))).to.equal(
      '42P01',
    );
    expect(
      migrationErrorType(Object.assign(new Error('no table'), { code: 'ER_NO_SUCH_TABLE', errno: 1146 })),
    ).to.equal('ER_NO_SUCH_TABLE');
    class DataFixError extends Error {}
    expect(migrationErrorType(new DataFixError('user 42 broken'))).to.equal('DataFixError');
    expect(
      migrationErrorType(Object.assign(new TypeError('x'), { code: 'a code with spaces and user data' })),
    ).to.equal('TypeError');
    expect(migrationErrorType('a string')).to.equal('_OTHER');
    expect(migrationErrorType({ message: 'plain object' })).to.equal('_OTHER');
  });

  it('db_system_name by driver, with MariaDB told from MySQL by the server greeting', () => {
    expect(systemOf({ driverName: 'pg' })).to.equal('postgresql');
    expect(systemOf({ driverName: 'sqlite3' })).to.equal('sqlite');
    expect(systemOf({ driverName: 'something-new' })).to.equal('other_sql');
    const mysql = { driverName: 'mysql2', connectionSettings: { host: 'db1', port: 3306, database: 'shop' } };
    expect(systemOf(mysql)).to.equal('mysql');
    noteMysqlConnection(mysql, { _handshakePacket: { serverVersion: '5.5.5-10.11.6-MariaDB-0+deb12u1' } });
    expect(systemOf(mysql)).to.equal('mariadb');
    expect(systemOf({ driverName: 'mysql2', connectionSettings: { host: 'db2', port: 3306 } })).to.equal('mysql');
  });

  it('db_namespace from the connection settings, objects or URLs', () => {
    expect(namespaceOf({ connectionSettings: { database: 'shop' } })).to.equal('shop');
    expect(namespaceOf({ connectionSettings: 'postgres://u:p@h:5432/orders?ssl=true' })).to.equal('orders');
    expect(namespaceOf({ connectionSettings: { connectionString: 'postgres://h/billing' } })).to.equal('billing');
    expect(namespaceOf({ config: { connection: () => ({}) } })).to.equal(undefined);
  });
});
