import { Module } from '@nestjs/common';
import { SyncRepository } from './sync.repository';
import { SyncService } from './sync.service';

@Module({ providers: [SyncRepository, SyncService], exports: [SyncService] })
export class SyncModule {}
