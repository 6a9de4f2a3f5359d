// Stand-in for @azure/communication-chat, an optional peer of @azure/communication-react that
// the compat harness does not install (a call-only app never loads it). It gives the chat
// names communication-react's .d.ts imports, loosely typed, so that the check reports only
// what concerns '@azure/communication-calling'.
/* eslint-disable @typescript-eslint/no-explicit-any */
export declare class ChatClient { constructor(...args: any[]); [key: string]: any; }
export declare class ChatThreadClient { constructor(...args: any[]); [key: string]: any; }
export type ChatClientOptions = any;
export type ChatMessage = any;
export type ChatMessageReadReceipt = any;
export type ChatParticipant = any;
export type SendMessageOptions = any;
export type TypingIndicatorReceivedEvent = any;
