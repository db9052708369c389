import './tracing';
import { configOrExit } from '@itsm/platform/config';
import { gatewayEnv } from './config';
import { createGatewayApp } from './bootstrap';

async function main(): Promise<void> {
  const config = configOrExit(gatewayEnv);
  const app = await createGatewayApp(config);
  await app.listen(config.PORT, config.HOST);
}

void main();
