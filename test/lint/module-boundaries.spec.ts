import { join } from 'node:path';
import { ESLint } from 'eslint';

// The boundaries are a product rule (services own their code; libraries have one public entry),
// so a test proves the lint rules really reject the imports they exist for.
const root = join(__dirname, '../..');
const eslint = new ESLint({ cwd: root });

async function errorsFor(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(root, file) });
  return result.messages.filter((m) => m.severity === 2).map((m) => `${m.ruleId}: ${m.message}`);
}

describe('module boundaries', () => {
  it('a service may not import another service', async () => {
    const errors = await errorsFor(
      'services/catalog/src/probe.ts',
      "import { gatewayEnv } from '../../gateway/src/config';\nexport const x = gatewayEnv;\n",
    );
    expect(errors.join('\n')).toMatch(/never imports another service|enforce-module-boundaries/);
  });

  it('a service imports a library only through its entry point', async () => {
    const errors = await errorsFor(
      'services/catalog/src/probe.ts',
      "import { Outbox } from '@itsm/platform/src/messaging/outbox';\nexport const x = Outbox;\n",
    );
    expect(errors.join('\n')).toMatch(/entry points/);
  });

  it('the public entry points are allowed', async () => {
    const errors = await errorsFor(
      'services/catalog/src/probe.ts',
      "import { Outbox } from '@itsm/platform/messaging';\nimport { TOPICS } from '@itsm/contracts';\nexport const x = [Outbox, TOPICS];\n",
    );
    expect(errors).toEqual([]);
  });
});
