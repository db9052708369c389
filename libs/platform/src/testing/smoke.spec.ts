import 'reflect-metadata';
import { Test } from '@nestjs/testing';
import { Controller, Get, Module } from '@nestjs/common';
import request from 'supertest';
import { CONTRACTS_VERSION } from '@itsm/contracts';

@Controller('x') class C { @Get() get() { return { ok: CONTRACTS_VERSION }; } }
@Module({ controllers: [C] }) class M {}

it('boots nest', async () => {
  const m = await Test.createTestingModule({ imports: [M] }).compile();
  const app = m.createNestApplication(); await app.init();
  const r = await request(app.getHttpServer()).get('/x');
  expect(r.body).toEqual({ ok: 1 });
  await app.close();
});
