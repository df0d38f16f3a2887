/**
 * Consultations of judicial data travel with the day's work (shared/casefile/consultation.ts): a
 * PC records one when it shows a detention record, the real engine pushes it at the next sync,
 * and the server writes it in its audit chain with who, from which PC, which person and when by
 * the PC's clock; the other counsellors' PCs of the centre receive it (a restricted row), and the
 * server audits that too. Written once: the PC never sends a change of it.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createConsultationRepository } from '../../renderer/db/consultationRepository';
import { listAuditEvents, verifyAuditChain } from '../../server/src/db';
import { addClient, startSyncWorld, type SyncWorld } from './syncHarness';

let world: SyncWorld;
beforeEach(async () => {
  world = await startSyncWorld();
});
afterEach(async () => {
  await world.close();
});

describe('consultations of judicial data', () => {
  it('reach the server audit with the day’s work, and the centre’s other PCs', async () => {
    const amina = await addClient(world, 'amina');
    const karim = await addClient(world, 'karim');
    const person = await amina.create();
    const viewedAt = new Date(Date.UTC(2026, 2, 10, 9, 30));
    const consultations = createConsultationRepository(amina.db, () => viewedAt, {
      userId: amina.userId,
      name: 'Amina',
      role: 'conseiller',
    });
    expect(await consultations.record(person.id, 'detention')).toBe(true);
    expect(await amina.engine.run()).toMatchObject({ outcome: 'ok', rejections: 0 });

    const entries = (await listAuditEvents(world.database.db)).filter((event) => event.type === 'consultation');
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ actorUserId: amina.userId, deviceId: amina.deviceId, outcome: 'ok' });
    const [row] = await amina.db.consultations.toArray();
    expect(JSON.parse(entries[0]?.detail ?? '{}') as unknown).toEqual({
      consultationId: row?.id,
      centreId: world.centreId,
      what: 'detention',
      viewedAt: viewedAt.toISOString(),
    });

    expect(await karim.engine.run()).toMatchObject({ outcome: 'ok' });
    expect(await karim.db.consultations.toArray()).toEqual([row]);
    const pulls = (await listAuditEvents(world.database.db)).filter((event) => event.type === 'sync-pull-judicial');
    // Amina's own pull brought her row back (rows sent are rows sent), then Karim's.
    expect(pulls.map((event) => event.actorUserId)).toEqual([amina.userId, karim.userId]);
    // Nothing more to send: the row is written once, and its capture was acknowledged.
    expect(await amina.db.outbox.count()).toBe(0);
    expect(await verifyAuditChain(world.database.db)).toMatchObject({ isIntact: true });
  });
});
