import 'reflect-metadata';
import { afterAll } from 'vitest';
import { killLeftoverServers } from './server-process';
import { restartPeople } from './test-app';

// Vitest runs the setup files again before each test file, also in a worker that keeps its
// modules loaded (isolate: false): what one file leaves behind must not reach the next.
restartPeople();
afterAll(killLeftoverServers);
