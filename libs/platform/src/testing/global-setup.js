// Jest global setup for integration tests: the test command has started Postgres and Kafka once
// (scripts/infra up); here we only give this run an id so database and group names are unique.
const crypto = require('node:crypto');

module.exports = async () => {
  process.env.ITSM_TEST_RUN_ID ??= `${Date.now().toString(36)}${crypto.randomBytes(2).toString('hex')}`;
  process.env.KAFKAJS_NO_PARTITIONER_WARNING = '1';
};
