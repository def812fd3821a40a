import { describe, expect, it } from 'vitest';
import { StatusBoard } from '../../src/pipeline/status-board.js';

describe('StatusBoard', () => {
  it('a status that becomes a note (or stops being one) replaces the previous one', () => {
    const board = new StatusBoard();
    board.set({ id: 'x', label: 'x', state: 'connected', message: 'same' });
    board.set({ id: 'x', label: 'x', state: 'connected', message: 'same', note: true });
    expect(board.getSnapshot()).toEqual([{ id: 'x', label: 'x', state: 'connected', message: 'same', note: true }]);
  });
});
