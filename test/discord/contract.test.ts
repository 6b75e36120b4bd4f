import { runChatContract } from '../contract/chat-contract.js';
import { startDiscordHarness } from './discord-harness.js';

runChatContract('Discord', (backend) => startDiscordHarness({ backend }));
