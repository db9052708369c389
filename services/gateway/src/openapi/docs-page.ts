import { dirname, join } from 'node:path';
import { PLATFORM_TITLE } from './merge-openapi';

export const DOCS_PATH = '/api/docs';
export const OPENAPI_PATH = '/api/openapi.json';

/** Files of swagger-ui-dist the page loads, served by the gateway itself (no CDN at runtime). */
const SWAGGER_UI_FILES = [
  'swagger-ui.css',
  'swagger-ui-bundle.js',
  'swagger-ui-standalone-preset.js',
  'favicon-32x32.png',
  'favicon-16x16.png',
];

// A file rather than an inline script, so a strict Content-Security-Policy can come later.
const INITIALIZER = `window.onload = function () {
  window.ui = SwaggerUIBundle({
    url: ${JSON.stringify(OPENAPI_PATH)},
    dom_id: '#swagger-ui',
    deepLinking: true,
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
    layout: 'StandaloneLayout',
  });
};
`;

export type DocsAsset = { file: string } | { body: string; contentType: string };

/**
 * The `/api/docs` page: Swagger UI over the aggregated document when swagger-ui-dist is
 * installed, otherwise a plain page linking to the JSON.
 */
export class DocsPage {
  readonly html: string;
  private readonly assets = new Map<string, DocsAsset>();

  constructor(swaggerUiDir: string | undefined = findSwaggerUi()) {
    if (swaggerUiDir === undefined) {
      this.html = plainPage();
      return;
    }
    for (const name of SWAGGER_UI_FILES) this.assets.set(name, { file: join(swaggerUiDir, name) });
    this.assets.set('swagger-initializer.js', { body: INITIALIZER, contentType: 'text/javascript; charset=utf-8' });
    this.html = swaggerUiPage();
  }

  get usesSwaggerUi(): boolean {
    return this.assets.size > 0;
  }

  asset(name: string): DocsAsset | undefined {
    return this.assets.get(name);
  }
}

/** swagger-ui-dist comes with @nestjs/swagger; resolved rather than imported, so its absence is survivable. */
function findSwaggerUi(): string | undefined {
  try {
    return dirname(require.resolve('swagger-ui-dist/package.json'));
  } catch {
    return undefined;
  }
}

function swaggerUiPage(): string {
  return `<!DOCTYPE html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>${PLATFORM_TITLE}</title>
    <link rel="stylesheet" href="${DOCS_PATH}/swagger-ui.css">
    <link rel="icon" type="image/png" href="${DOCS_PATH}/favicon-32x32.png" sizes="32x32">
    <link rel="icon" type="image/png" href="${DOCS_PATH}/favicon-16x16.png" sizes="16x16">
  </head>
  <body>
    <div id="swagger-ui"></div>
    <noscript><p>JavaScript is off: read the <a href="${OPENAPI_PATH}">OpenAPI document</a>. / 未启用 JavaScript：请直接阅读 <a href="${OPENAPI_PATH}">OpenAPI 文档</a>。</p></noscript>
    <script src="${DOCS_PATH}/swagger-ui-bundle.js" charset="utf-8"></script>
    <script src="${DOCS_PATH}/swagger-ui-standalone-preset.js" charset="utf-8"></script>
    <script src="${DOCS_PATH}/swagger-initializer.js" charset="utf-8"></script>
  </body>
</html>
`;
}

function plainPage(): string {
  return `<!DOCTYPE html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <title>${PLATFORM_TITLE}</title>
  </head>
  <body>
    <h1>${PLATFORM_TITLE}</h1>
    <p><a href="${OPENAPI_PATH}">OpenAPI 3.1 document (JSON) / OpenAPI 3.1 文档（JSON）</a></p>
  </body>
</html>
`;
}
