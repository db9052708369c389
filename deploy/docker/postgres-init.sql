-- One database per service: a service owns its data and never reads another service's tables.
-- Runs once, when the postgres container starts on an empty data volume
-- (mounted into /docker-entrypoint-initdb.d by docker-compose.yml).
-- deploy/k8s/overlays/single-node/postgres-init.sql is a copy for the same job in a cluster;
-- test/deploy/k8s.spec.ts keeps the two identical.
CREATE DATABASE itsm_catalog;
CREATE DATABASE itsm_requests;
CREATE DATABASE itsm_incidents;
CREATE DATABASE itsm_changes;
CREATE DATABASE itsm_sla;
CREATE DATABASE itsm_analytics;
CREATE DATABASE itsm_gateway;
