import { Controller, Get, Header, Inject } from '@nestjs/common';
import { buildOpenApiDocument } from '@portal/contracts';
import { Public } from '../../common/auth.decorators';
import { API_ENV } from '../../config/config.module';
import type { ApiEnv } from '../../config/env';

// Swagger UI's own initialiser reads this file; no inline script, so helmet's CSP stays strict.
const INIT_JS = `window.onload=function(){window.ui=SwaggerUIBundle({url:'/api/docs-json',dom_id:'#swagger-ui',withCredentials:true});};`;
const HTML = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Portal API</title>
<link rel="stylesheet" href="/api/docs/assets/swagger-ui.css"></head><body><div id="swagger-ui"></div>
<script src="/api/docs/assets/swagger-ui-bundle.js"></script><script src="/api/docs/init.js"></script></body></html>`;

@Public()
@Controller()
export class DocsController {
  private readonly document: ReturnType<typeof buildOpenApiDocument>;

  constructor(@Inject(API_ENV) env: ApiEnv) {
    this.document = buildOpenApiDocument({ title: 'FMCG data-sharing portal API', version: '1.0.0', serverUrl: env.PUBLIC_BASE_URL });
  }

  @Get('docs')
  @Header('content-type', 'text/html; charset=utf-8')
  ui(): string {
    return HTML;
  }

  @Get('docs/init.js')
  @Header('content-type', 'application/javascript; charset=utf-8')
  init(): string {
    return INIT_JS;
  }

  @Get('docs-json')
  json() {
    return this.document;
  }
}
