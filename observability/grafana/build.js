'use strict';
// Writes observability/grafana/nodeprom.json from the rows in rows/*.js (npm run observability:dashboard).
const fs = require('node:fs');
const { buildDashboard, serialize, DASHBOARD_FILE } = require('./dashboard');

fs.writeFileSync(DASHBOARD_FILE, serialize(buildDashboard()));
process.stdout.write(`wrote ${DASHBOARD_FILE}\n`);
