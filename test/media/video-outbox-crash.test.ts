import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual as isEqual } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { liveKitRoomName } from '../../server/media/room-names.ts';
import { startFakeLiveKit, type FakeLiveKit } from '../support/fake-livekit.ts';
import { ok, type ClientSocket } from '../support/plenary.ts';
import { CLUSTER_ADMIN_TOKEN, CLUSTER_EVENT_ID, connectTo, joinAt, startCluster, type Cluster } from '../support/plenary-cluster.ts';
import { startPlenaryProcess, type PlenaryNode } from '../support/plenary-process.ts';

/*
 * A floor change whose LiveKit call cannot happen before its process dies: LiveKit answers 503
 * while the chair calls a delegate, the process tries (the fake records it) and is killed with
 * SIGKILL. The change is committed, so it must still reach LiveKit: after a restart on the same
 * SQLite file, or from another process of a Redis cluster.
 */

const KEY = 'devkey';
const SECRET = 'a-secret-long-enough-for-hs256-signing';
const ADMIN_TOKEN = 'outbox-admin-token-0123456789';
const ROOM_ID = 'panel-1';
const VIDEO_ROOM = liveKitRoomName(CLUSTER_EVENT_ID, ROOM_ID);
const GRANT = { canPublish: true, canSubscribe: true, canPublishSources: ['CAMERA', 'MICROPHONE'] };
// Proto3 JSON leaves out false and empty values.
const REVOKE = { canSubscribe: true };

const running = new Set<PlenaryNode>();
const sockets = new Set<ClientSocket>();
const clusters: Cluster[] = [];
const tempDirs: string[] = [];

afterEach(async () => {
  for (const socket of sockets) socket.disconnect();
  sockets.clear();
  for (const node of running) await node.kill();
  running.clear();
  for (const cluster of clusters.splice(0)) await cluster.stop();
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const liveKitEnv = (livekit: FakeLiveKit) => ({ LIVEKIT_URL: livekit.url, LIVEKIT_API_KEY: KEY, LIVEKIT_API_SECRET: SECRET });

/** The permission calls LiveKit carried out for one person, in order: 'grant' or 'revoke'. */
function permissionsApplied(livekit: FakeLiveKit, identity: string): string[] {
  return livekit
    .answered()
    .filter((call) => call.rpc === 'UpdateParticipant' && call.body.identity === identity)
    .map((call) => (isEqual(call.body.permission, GRANT) ? 'grant' : isEqual(call.body.permission, REVOKE) ? 'revoke' : JSON.stringify(call.body.permission)));
}

const refusedTries = (livekit: FakeLiveKit) => livekit.calls.filter((call) => call.rpc === 'UpdateParticipant' && call.status !== 200).length;

async function startSqliteNode(dataPath: string, livekit: FakeLiveKit): Promise<PlenaryNode> {
  const node = await startPlenaryProcess('plenary', { PLENARY_DATA: dataPath, PLENARY_ADMIN_TOKEN: ADMIN_TOKEN, LOG_LEVEL: 'silent', ...liveKitEnv(livekit) });
  running.add(node);
  return node;
}

async function connect(url: string, token: string): Promise<ClientSocket> {
  const socket = await connectTo(url, token);
  sockets.add(socket);
  await ok(socket, 'room.join', { roomId: ROOM_ID });
  return socket;
}

async function participantInvite(url: string, adminToken: string): Promise<string> {
  const response = await fetch(`${url}/api/events/${CLUSTER_EVENT_ID}/invites`, { headers: { authorization: `Bearer ${adminToken}` } });
  const invites = (await response.json()) as Array<{ role: string; roomId: string | null; url: string }>;
  return invites.find((invite) => invite.role === 'participant' && invite.roomId === null)!.url.split('/join/')[1]!;
}

/** LiveKit answers 503 while `act` commits a floor change; once the process has tried and failed, `node` is killed and LiveKit recovers. */
async function commitThenDie(livekit: FakeLiveKit, node: PlenaryNode, act: () => Promise<unknown>): Promise<void> {
  const triesBefore = refusedTries(livekit);
  livekit.failWith = 503;
  await act();
  await expect.poll(() => refusedTries(livekit), { timeout: 5_000 }).toBeGreaterThan(triesBefore);
  await node.kill('SIGKILL');
  livekit.failWith = null;
}

/** The delegate asks for the floor and the chair calls them. */
async function callDelegate(chair: ClientSocket, participant: ClientSocket): Promise<void> {
  const { requestId } = await ok(participant, 'floor.request', { kind: 'contribution' });
  await ok(chair, 'floor.call', { requestId });
}

describe('a floor change outlives the process that committed it', () => {
  it('SQLite: the grant, then the revoke, each committed while LiveKit is down and the process killed, land after a restart, in order', async () => {
    const livekit = await startFakeLiveKit();
    const dir = mkdtempSync(join(tmpdir(), 'plenary-outbox-'));
    tempDirs.push(dir);
    const dataPath = join(dir, 'plenary.db');
    let node = await startSqliteNode(dataPath, livekit);

    const chairToken = (await joinAt(node.url, { adminToken: ADMIN_TOKEN, eventId: CLUSTER_EVENT_ID, name: 'Organiser Olzhas' })).token;
    const delegate = await joinAt(node.url, { invite: await participantInvite(node.url, ADMIN_TOKEN), name: 'Delegate Dilnoza' });
    let chair = await connect(node.url, chairToken);
    const participant = await connect(node.url, delegate.token);
    await ok(chair, 'room.open', {});

    await commitThenDie(livekit, node, () => callDelegate(chair, participant));
    node = await startSqliteNode(dataPath, livekit);
    await expect.poll(() => permissionsApplied(livekit, delegate.person.id), { timeout: 10_000 }).toEqual(['grant']);

    chair = await connect(node.url, chairToken);
    await commitThenDie(livekit, node, () => ok(chair, 'floor.endTurn', {}));
    node = await startSqliteNode(dataPath, livekit);
    await expect.poll(() => permissionsApplied(livekit, delegate.person.id), { timeout: 10_000 }).toEqual(['grant', 'revoke']);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(permissionsApplied(livekit, delegate.person.id), 'nothing is applied twice once the outbox caught up').toEqual(['grant', 'revoke']);
  }, 60_000);

  it('Redis, three processes: the committer is killed with the grant pending; another process applies it once, and later changes follow in order', async () => {
    const livekit = await startFakeLiveKit();
    const cluster = await startCluster(3, liveKitEnv(livekit));
    clusters.push(cluster);
    const [a, b] = cluster.nodes as [PlenaryNode, PlenaryNode, PlenaryNode];

    const chairToken = (await joinAt(a.url, { adminToken: CLUSTER_ADMIN_TOKEN, eventId: CLUSTER_EVENT_ID, name: 'Organiser Olzhas' })).token;
    const delegate = await joinAt(b.url, { invite: await cluster.inviteFor('participant', null), name: 'Delegate Dilnoza' });
    const chairOnA = await connect(a.url, chairToken);
    const participant = await connect(b.url, delegate.token);
    await ok(chairOnA, 'room.open', {});

    await commitThenDie(livekit, a, () => callDelegate(chairOnA, participant));
    // The dead process's lease on the room's outbox runs out; then a sweep on B or C takes it.
    await expect.poll(() => permissionsApplied(livekit, delegate.person.id), { timeout: 30_000, interval: 200 }).toEqual(['grant']);

    const chairOnB = await connect(b.url, chairToken);
    await ok(chairOnB, 'floor.endTurn', {});
    await expect.poll(() => permissionsApplied(livekit, delegate.person.id), { timeout: 10_000 }).toEqual(['grant', 'revoke']);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(permissionsApplied(livekit, delegate.person.id)).toEqual(['grant', 'revoke']);
    expect(livekit.answered().every((call) => call.body.room === VIDEO_ROOM)).toBe(true);
  }, 90_000);
});
