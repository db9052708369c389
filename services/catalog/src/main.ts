import './tracing';
import { configOrExit } from '@itsm/platform/config';
import { catalogEnv } from './config';
import { createCatalogApp } from './bootstrap';

async function main(): Promise<void> {
  const config = configOrExit(catalogEnv);
  const app = await createCatalogApp(config);
  await app.listen(config.PORT, config.HOST);
}

void main();
