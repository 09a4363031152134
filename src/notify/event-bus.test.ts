import { describe, expect, it } from 'vitest';
import { createEventBus, type NodeEvent } from './event-bus.js';

/** What a test listener records of an event. */
const label = (e: NodeEvent): string => (e.kind === 'objects.stored' ? e.ids.join() : e.kind);

describe('event bus', () => {
  const stored = (...ids: string[]): NodeEvent => ({ kind: 'objects.stored', ids });

  it('hands each event to every listener in subscription order, until it unsubscribes', () => {
    const bus = createEventBus();
    const seen: string[] = [];
    const offA = bus.subscribe((e) => seen.push(`a:${label(e)}`));
    bus.subscribe((e) => seen.push(`b:${label(e)}`));
    bus.publish(stored('x'));
    offA();
    offA();
    bus.publish(stored('y'));
    expect(seen).toEqual(['a:x', 'b:x', 'b:y']);
  });

  it('a listener that throws neither reaches the publisher nor stops the other listeners', () => {
    const errors: unknown[] = [];
    const bus = createEventBus({ onListenerError: (err) => errors.push(err) });
    const seen: string[] = [];
    bus.subscribe(() => {
      throw new Error('broken listener');
    });
    bus.subscribe((e) => seen.push(label(e)));
    expect(() => bus.publish(stored('z'))).not.toThrow();
    expect(seen).toEqual(['z']);
    expect(errors).toHaveLength(1);
  });

  it('the same function subscribed twice is two subscriptions, removed one at a time', () => {
    const bus = createEventBus();
    let n = 0;
    const listener = () => void n++;
    const off1 = bus.subscribe(listener);
    bus.subscribe(listener);
    bus.publish(stored('1'));
    off1();
    bus.publish(stored('2'));
    expect(n).toBe(3);
  });
});
