import { Injectable } from '@nestjs/common';

/**
 * The one source of "now" for rules that depend on time (invite expiry), so
 * they are judged by a single clock and tests can move that clock instead of
 * waiting for real time to pass.
 */
@Injectable()
export class Clock {
  now(): Date {
    return new Date();
  }
}
