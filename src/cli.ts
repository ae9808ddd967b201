import 'reflect-metadata';
import { runManagementCli } from 'nest-django-auth';
import { AppModule } from './app.module';
import { SeedCommand } from './seed/seed.command';

/** The demo's manage.py: the package's commands plus the demo's own (`npm run cli -- help`). */
runManagementCli(AppModule, { commands: [SeedCommand], progName: 'npm run cli --' }).then((code) => process.exit(code));
