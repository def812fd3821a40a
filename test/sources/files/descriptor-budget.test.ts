import { expect, it } from 'vitest';
import { budgetForLimits, DescriptorBudget, type DescriptorHolder } from '../../../src/sources/files/descriptor-budget.js';

const holder = (onRelinquish: () => void = () => undefined): DescriptorHolder => ({ relinquish: onRelinquish });

it('grants slots up to the limit, then queues in arrival order', async () => {
  const budget = new DescriptorBudget(2);
  const a = holder();
  await budget.acquire(a);
  await budget.acquire(a);
  expect(budget.full).toBe(true);
  const order: string[] = [];
  const second = budget.acquire(holder()).then(() => order.push('second'));
  const third = budget.acquire(holder()).then(() => order.push('third'));
  expect(budget.waiting).toBe(2);
  budget.release(a);
  await second;
  budget.release(a);
  await third;
  expect(order).toEqual(['second', 'third']);
  expect(budget.used).toBe(2);
});

it('asks the quietest holders to give slots back when someone waits', async () => {
  const budget = new DescriptorBudget(2);
  const asked: string[] = [];
  const quiet = holder(() => asked.push('quiet'));
  const busy = holder(() => asked.push('busy'));
  await budget.acquire(quiet);
  await budget.acquire(busy);
  budget.touch(busy);
  const waiting = budget.acquire(holder());
  await new Promise((r) => setImmediate(r));
  expect(asked).toEqual(['quiet']);
  budget.release(quiet);
  await waiting;
});

it('shrinks to what is in use when the system refuses a descriptor', async () => {
  const budget = new DescriptorBudget(10);
  await budget.acquire(holder());
  budget.exhausted();
  expect(budget.full).toBe(true);
});

it('defaults to a quarter of the soft open-files limit, between 16 and 128', () => {
  const limits = (soft: string) =>
    `Limit                     Soft Limit           Hard Limit           Units\nMax open files            ${soft}                 4096                 files\n`;
  expect(budgetForLimits(limits('256'))).toBe(64);
  expect(budgetForLimits(limits('20000'))).toBe(128);
  expect(budgetForLimits(limits('32'))).toBe(16);
  expect(budgetForLimits(limits('unlimited'))).toBe(128);
  expect(budgetForLimits(undefined)).toBe(64);
});
