import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import {
  BusinessLineChangedV1,
  BusinessLineChangedV1Data,
  BusinessServiceChangedV1,
  BusinessServiceChangedV1Data,
  DepartmentChangedV1,
  DepartmentChangedV1Data,
  OfferingPublishedV1,
  OfferingPublishedV1Data,
  OfferingReinstatedV1,
  OfferingReinstatedV1Data,
  OfferingRetiredV1,
  OfferingRetiredV1Data,
  TeamChangedV1,
  TeamChangedV1Data,
} from '@itsm/contracts';
import type { ReceivedEvent } from '@itsm/platform/messaging';
import { CatalogProjection } from './catalog-projection.repository';

/**
 * Keeps the catalog projection from the catalog's events (validated against their contracts by
 * the transport, applied once per event through the inbox). Drafts (`offering.changed`) are not
 * requestable, so they are not handled.
 */
@Controller()
export class CatalogProjectionConsumer {
  constructor(private readonly projection: CatalogProjection) {}

  @EventPattern(OfferingPublishedV1.type)
  onOfferingPublished(@Payload() { event, manager }: ReceivedEvent<OfferingPublishedV1Data>) {
    return this.projection.addPublishedVersion(manager, event.data);
  }

  @EventPattern(OfferingRetiredV1.type)
  onOfferingRetired(@Payload() { event, manager }: ReceivedEvent<OfferingRetiredV1Data>) {
    return this.projection.retireOffering(manager, event.data);
  }

  @EventPattern(OfferingReinstatedV1.type)
  onOfferingReinstated(@Payload() { event, manager }: ReceivedEvent<OfferingReinstatedV1Data>) {
    return this.projection.reinstateOffering(manager, event.data);
  }

  @EventPattern(TeamChangedV1.type)
  onTeamChanged(@Payload() { event, manager }: ReceivedEvent<TeamChangedV1Data>) {
    return this.projection.upsertTeam(manager, event.data);
  }

  @EventPattern(DepartmentChangedV1.type)
  onDepartmentChanged(@Payload() { event, manager }: ReceivedEvent<DepartmentChangedV1Data>) {
    return this.projection.upsertDepartment(manager, event.data);
  }

  @EventPattern(BusinessServiceChangedV1.type)
  onBusinessServiceChanged(@Payload() { event, manager }: ReceivedEvent<BusinessServiceChangedV1Data>) {
    return this.projection.upsertBusinessService(manager, event.data);
  }

  @EventPattern(BusinessLineChangedV1.type)
  onBusinessLineChanged(@Payload() { event, manager }: ReceivedEvent<BusinessLineChangedV1Data>) {
    return this.projection.upsertBusinessLine(manager, event.data);
  }
}
