import 'reflect-metadata';
import type { GraphQLSchema } from 'graphql';
import { buildSchema, type ContainerType } from 'type-graphql';
import { AdminResolver } from './admin.resolver';

/** The admin API's own schema: none of its types or fields are in the public one. */
export function buildAdminSchema(container?: ContainerType): Promise<GraphQLSchema> {
  return buildSchema({ resolvers: [AdminResolver], container, validate: false });
}
