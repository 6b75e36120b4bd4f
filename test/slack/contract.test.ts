import { runChatContract } from '../contract/chat-contract.js';
import { startSlackContractHarness } from './contract-harness.js';

runChatContract('Slack', (backend) => startSlackContractHarness(backend));
