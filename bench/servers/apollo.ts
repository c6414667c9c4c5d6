import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { serveOverIpc } from './ipc';

/** Apollo Server 5 with nothing of ours: the reference the project is compared against. */
async function main() {
  const server = new ApolloServer({
    typeDefs: 'type Query { hello: String }',
    resolvers: { Query: { hello: () => 'world' } },
  });
  const { url } = await startStandaloneServer(server, { listen: { port: 0, host: '127.0.0.1' } });
  serveOverIpc(Number(new URL(url).port), () => server.stop());
}

void main();
