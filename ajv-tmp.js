const dm = require('@jupiterone/data-model');
const core = require('@jupiterone/integration-sdk-core');
const { Entities } = require('./dist/src/steps/constants');
if (process.argv[2] === 'noinline') dm.IntegrationSchema.opts.inlineRefs = false;
const classes = Object.values(Entities).map((e) => [e._class].flat());
const t0 = process.hrtime.bigint();
for (const c of classes) core.schemaWhitelistedPropertyNames(c);
const t1 = process.hrtime.bigint();
// validate many entities: time
process.env.ENABLE_GRAPH_OBJECT_SCHEMA_VALIDATION = 'true';
const mk = (i) => ({ _class: ['User'], _type: 'jumpcloud_user', _key: 'user-key-' + String(i).padStart(6, '0'), name: 'u', displayName: 'u', username: 'u', active: true, webLink: 'https://console.jumpcloud.com/#/users/' + i, email: 'a' + i + '@b.co', createdOn: 1700000000000 });
const t2 = process.hrtime.bigint();
for (let i = 0; i < 20000; i++) dm.validateEntityWithSchema(mk(i));
const t3 = process.hrtime.bigint();
console.log(process.argv[2] || 'default', 'compile', Number(t1 - t0) / 1e6, 'validate 20k', Number(t3 - t2) / 1e6);
