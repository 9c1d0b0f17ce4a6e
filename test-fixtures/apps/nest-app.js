'use strict';
// NestJS app in plain JavaScript (decorators applied by calling them, as TypeScript's output does),
// with a global prefix and URI versioning: GET /api/cats/:id, GET /api/v2/dogs/:id, GET /api/cats/boom.
// NEST_ADAPTER=express (default) or fastify; NEST_DIR picks the copies of the @nestjs packages.
const path = require('node:path');
const from = (name) => (process.env.NEST_DIR ? path.resolve(process.env.NEST_DIR, 'node_modules', name) : name);
require(from('reflect-metadata'));
const { Controller, Get, Module, Param, VersioningType } = require(from('@nestjs/common'));
const { NestFactory } = require(from('@nestjs/core'));
const { serve } = require('@nodeprom/test-utils/app');

function method(decorators, target, name, parameterDecorators = []) {
  const descriptor = Object.getOwnPropertyDescriptor(target.prototype, name);
  for (const decorate of decorators) decorate(target.prototype, name, descriptor);
  parameterDecorators.forEach((decorate, index) => decorate(target.prototype, name, index));
}

class CatsController {
  boom() {
    throw new Error('handler failure');
  }

  findOne(id) {
    return { cat: id };
  }
}
// `boom` is declared before `:id`, so /api/cats/boom is not taken for an id.
method([Get('boom')], CatsController, 'boom');
method([Get(':id')], CatsController, 'findOne', [Param('id')]);
Controller('cats')(CatsController);

class DogsController {
  findOne(id) {
    return { dog: id };
  }
}
method([Get(':id')], DogsController, 'findOne', [Param('id')]);
Controller({ path: 'dogs', version: '2' })(DogsController);

class AppModule {}
Module({ controllers: [CatsController, DogsController] })(AppModule);

async function main() {
  let adapter;
  if (process.env.NEST_ADAPTER === 'fastify') {
    const { FastifyAdapter } = require(from('@nestjs/platform-fastify'));
    adapter = new FastifyAdapter();
  }
  const app = await NestFactory.create(AppModule, adapter, { logger: false });
  app.setGlobalPrefix('api');
  app.enableVersioning({ type: VersioningType.URI });
  await app.listen(0, '127.0.0.1');
  serve({ close: () => app.close() }, { port: app.getHttpServer().address().port });
}

main();
