import { defineCommand } from '../command.js';

export const command = defineCommand({ summary: 'MCP server (stub)', usage: 'nbgit mcp', options: {} }, async () => 0);
