/**
 * The detector's key windows in least-recently-reported order: a map plus a doubly linked list,
 * so that touching a key, evicting the oldest and finding it are O(1). (A plain `Map` re-inserted
 * on each touch degrades: V8 leaves holes at the front of a map that is deleted from the front,
 * and every look at its first entry walks them.)
 */
import { KeyWindow } from './outbreak-window.js';

interface Node {
  readonly id: string;
  readonly w: KeyWindow;
  prev: Node | null;
  next: Node | null;
}

export class WindowLru {
  private readonly nodes = new Map<string, Node>();
  private head: Node | null = null;
  private tail: Node | null = null;

  /** Keeps at most `capacity` windows. */
  constructor(private readonly capacity: number) {}

  get size(): number {
    return this.nodes.size;
  }

  get(id: string): KeyWindow | undefined {
    return this.nodes.get(id)?.w;
  }

  /**
   * The window of `id`, made the most recently used; a new one when absent, evicting the least
   * recently used windows beyond the capacity.
   */
  touch(id: string): KeyWindow {
    const node = this.nodes.get(id);
    if (node) {
      this.unlink(node);
      this.append(node);
      return node.w;
    }
    while (this.nodes.size >= this.capacity && this.head) this.delete(this.head.id);
    const created: Node = { id, w: new KeyWindow(), prev: null, next: null };
    this.nodes.set(id, created);
    this.append(created);
    return created.w;
  }

  delete(id: string): void {
    const node = this.nodes.get(id);
    if (!node) return;
    this.nodes.delete(id);
    this.unlink(node);
  }

  /** The least recently used window. */
  oldest(): { readonly id: string; readonly w: KeyWindow } | undefined {
    return this.head ?? undefined;
  }

  values(): IterableIterator<KeyWindow> {
    return [...this.nodes.values()].map((n) => n.w)[Symbol.iterator]();
  }

  private append(node: Node): void {
    node.prev = this.tail;
    node.next = null;
    if (this.tail) this.tail.next = node;
    else this.head = node;
    this.tail = node;
  }

  private unlink(node: Node): void {
    if (node.prev) node.prev.next = node.next;
    else this.head = node.next;
    if (node.next) node.next.prev = node.prev;
    else this.tail = node.prev;
    node.prev = null;
    node.next = null;
  }
}
