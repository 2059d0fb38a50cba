import type { ChatMessage } from '@foyer/contracts';
import { Anchor } from '@mantine/core';
import type { ReactNode } from 'react';

/** A message's text with its recognised links made clickable; the text itself is never HTML. */
export function ChatText({ message }: { message: Pick<ChatMessage, 'text' | 'links'> }) {
  const parts: ReactNode[] = [];
  let at = 0;
  for (const link of message.links) {
    if (link.start < at) continue;
    if (link.start > at) parts.push(message.text.slice(at, link.start));
    parts.push(
      <Anchor key={link.start} href={link.url} target="_blank" rel="noopener noreferrer nofollow ugc">
        {message.text.slice(link.start, link.end)}
      </Anchor>,
    );
    at = link.end;
  }
  if (at < message.text.length) parts.push(message.text.slice(at));
  return <>{parts}</>;
}
