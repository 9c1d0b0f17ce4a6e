'use strict';
// Fails in the migration's own code, before any SQL.
class DataFixError extends Error {}
exports.up = async () => {
  throw new DataFixError('knexl: data fix refused');
};
exports.down = () => Promise.resolve();
