// What an app written for the SDK does with communication-react's typed API, on the package
// under test. Type-checked only (tsc --noEmit), never run.
import { CallClient, Features, type CallAgent } from '@azure/communication-calling';
import {
  createStatefulCallClient,
  createAzureCommunicationCallAdapterFromClient,
  type StatefulCallClient,
  type CallAdapter,
} from '@azure/communication-react';

export async function adapterFor(agent: CallAgent, client: StatefulCallClient): Promise<CallAdapter> {
  return createAzureCommunicationCallAdapterFromClient(client, agent, { meetingLink: 'https://example.test/meet/x' });
}

export async function main(): Promise<void> {
  const client = createStatefulCallClient({ userId: { communicationUserId: 'att' } });
  // The stateful client is a CallClient of the package under test.
  const plain: CallClient = client;
  void plain;
  const agent = await client.createCallAgent({ getToken: async () => ({ token: 't', expiresOnTimestamp: 0 }), dispose() {} }, { displayName: 'Adam' });
  const adapter = await adapterFor(agent, client);
  const call = agent.calls[0];
  if (call) call.feature(Features.BreakoutRooms).on('breakoutRoomsUpdated', () => {});
  adapter.dispose();
}
