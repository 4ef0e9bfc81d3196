import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import {
  type CreateWebhookEndpointBody,
  createWebhookEndpointBody,
  replayWebhookBody,
  type UpdateWebhookEndpointBody,
  updateWebhookEndpointBody,
  uuidParam,
  webhookMessageParams,
  type WebhookMessagesQuery,
  webhookMessagesQuery,
} from '@portal/contracts';
import type { z } from 'zod';
import { type Actor, CurrentActor, CurrentTenant, OrgKinds, type Tenant } from '../../common/auth.decorators';
import { ZodPipe } from '../../common/zod.pipe';
import { WebhookDeliveriesService } from './webhook-deliveries.service';
import { WebhookEndpointsService } from './webhook-endpoints.service';

type IdParam = z.infer<typeof uuidParam>;
type MessageParams = z.infer<typeof webhookMessageParams>;
const idPipe = new ZodPipe(uuidParam, 'params');
const messagePipe = new ZodPipe(webhookMessageParams, 'params');

// Open to bearer callers with webhooks:manage (the endpoints' scopes): the organisation is the session's or the key's.
@OrgKinds('DISTRIBUTOR', 'PRINCIPAL')
@Controller('webhooks/endpoints')
export class WebhooksController {
  constructor(
    private readonly endpoints: WebhookEndpointsService,
    private readonly deliveries: WebhookDeliveriesService,
  ) {}

  @Get()
  list(@CurrentTenant() tenant: Tenant) {
    return this.endpoints.list(tenant);
  }

  @Post()
  create(@CurrentActor() actor: Actor, @Body(new ZodPipe(createWebhookEndpointBody)) body: CreateWebhookEndpointBody) {
    return this.endpoints.create(actor, body);
  }

  @Get(':id')
  get(@CurrentTenant() tenant: Tenant, @Param(idPipe) p: IdParam) {
    return this.endpoints.get(tenant, p.id);
  }

  @Patch(':id')
  update(@CurrentActor() actor: Actor, @Param(idPipe) p: IdParam, @Body(new ZodPipe(updateWebhookEndpointBody)) body: UpdateWebhookEndpointBody) {
    return this.endpoints.update(actor, p.id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  remove(@CurrentActor() actor: Actor, @Param(idPipe) p: IdParam) {
    return this.endpoints.remove(actor, p.id);
  }

  @Post(':id/rotate-secret')
  @HttpCode(200)
  rotateSecret(@CurrentActor() actor: Actor, @Param(idPipe) p: IdParam) {
    return this.endpoints.rotateSecret(actor, p.id);
  }

  @Post(':id/test')
  @HttpCode(202)
  test(@CurrentTenant() tenant: Tenant, @Param(idPipe) p: IdParam) {
    return this.deliveries.test(tenant, p.id);
  }

  @Get(':id/messages')
  messages(@CurrentTenant() tenant: Tenant, @Param(idPipe) p: IdParam, @Query(new ZodPipe(webhookMessagesQuery, 'query')) q: WebhookMessagesQuery) {
    return this.deliveries.list(tenant, p.id, q);
  }

  @Get(':id/messages/:messageId')
  message(@CurrentTenant() tenant: Tenant, @Param(messagePipe) p: MessageParams) {
    return this.deliveries.get(tenant, p.id, p.messageId);
  }

  @Post(':id/messages/:messageId/retry')
  @HttpCode(202)
  retry(@CurrentActor() actor: Actor, @Param(messagePipe) p: MessageParams) {
    return this.deliveries.retry(actor, p.id, p.messageId);
  }

  @Post(':id/replay')
  @HttpCode(202)
  replay(@CurrentActor() actor: Actor, @Param(idPipe) p: IdParam, @Body(new ZodPipe(replayWebhookBody)) body: z.infer<typeof replayWebhookBody>) {
    return this.deliveries.replay(actor, p.id, body.since);
  }
}
