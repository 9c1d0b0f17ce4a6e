'use strict';
// knex migrations: what is applied and what is still pending, per database.

const APPLIED = 'instance_system_namespace:db_migrations_applied:max';
const PENDING = 'instance_system_namespace:db_migrations_pending:max';

// A row is a function of the panel builders (panels.js).
module.exports = ({ scoped, timeseries, stat }) => ({
  title: 'Migrations',
  panels: [
    stat({
      title: 'Pending migrations',
      description:
        'Migrations knex listed as not applied. The NodepromMigrationsPending alert fires after 15 minutes above 0.',
      unit: 'short',
      red: 1,
      queries: [
        {
          expr: `max by (db_system_name, db_namespace) (${scoped(PENDING)})`,
          legend: '{{db_system_name}} {{db_namespace}}',
        },
      ],
    }),
    stat({
      title: 'Applied migrations',
      unit: 'short',
      queries: [
        {
          expr: `max by (db_system_name, db_namespace) (${scoped(APPLIED)})`,
          legend: '{{db_system_name}} {{db_namespace}}',
        },
      ],
    }),
    timeseries({
      title: 'Migrations applied and pending',
      unit: 'short',
      queries: [
        {
          expr: `max by (db_system_name, db_namespace) (${scoped(APPLIED)})`,
          legend: '{{db_system_name}} {{db_namespace}} applied',
        },
        {
          expr: `max by (db_system_name, db_namespace) (${scoped(PENDING)})`,
          legend: '{{db_system_name}} {{db_namespace}} pending',
        },
      ],
    }),
  ],
});
