import './tracing';
import { configOrExit } from '@itsm/platform/config';
import { requestsEnv } from './config';
import { createRequestsApp } from './bootstrap';

async function main(): Promise<void> {
  const config = configOrExit(requestsEnv);
  const app = await createRequestsApp(config);
  await app.listen(config.PORT, config.HOST);
}

void main();
