export { ConfigError, type ConfigIssue } from './config-error';
export { loadConfig, configOrExit, EX_CONFIG, type Env } from './load-config';
export {
  baseServiceEnv,
  serviceEnv,
  portSchema,
  postgresUrlSchema,
  kafkaBrokersSchema,
  httpUrlSchema,
  byteSizeSchema,
  millisecondsSchema,
  listenHostSchema,
  trustedProxiesSchema,
  type BaseServiceEnv,
} from './base-service-env';
