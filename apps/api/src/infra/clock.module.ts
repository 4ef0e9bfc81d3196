import { Global, Module } from '@nestjs/common';
import { Clock } from '../common/clock';

/**
 * The one Clock of the app: every module that judges time by it gets the same
 * instance, so a test that moves `app.get(Clock)` moves every rule's "now".
 */
@Global()
@Module({ providers: [Clock], exports: [Clock] })
export class ClockModule {}
