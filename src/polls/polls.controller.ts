import { AccountTemplates, csrfContext, CurrentUser, LoginRequired, PermissionRequired, User, UserPassesTest } from 'nest-django-auth';
import { Controller, Get, Header, Optional, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';

/** The routes of the reference Django project, guarded the Django way. */
@Controller()
export class PollsController {
  /** From AccountsModule; absent in the test apps that mount this controller without the account views. */
  constructor(@Optional() private readonly templates?: AccountTemplates) {}

  /** `hello <username>` as text (what curl and API clients get); a browser gets a page, with the library's account links and logout button. */
  @Get('private')
  @LoginRequired()
  async private(@CurrentUser() user: User, @Req() req: Request, @Res() res: Response): Promise<void> {
    if (!this.templates || req.accepts(['text/plain', 'html']) !== 'html') {
      res.type('text/plain; charset=utf-8').send(`hello ${user.getUsername()}`);
      return;
    }
    // src/views/private.html, found through AccountsModule's templatesDir (it extends the library's registration/base.html).
    res.type('html').send(await this.templates.render('private.html', { user, site_name: req.hostname, ...(await csrfContext(req, res)) }));
  }

  @Get('vote')
  @PermissionRequired('polls.can_vote', { raiseException: true })
  @Header('Content-Type', 'text/plain; charset=utf-8')
  vote(): string {
    return 'voted';
  }

  @Get('staff')
  @UserPassesTest((user: User) => user.isStaff === true)
  @Header('Content-Type', 'text/plain; charset=utf-8')
  staff(@CurrentUser() user: User): string {
    return `staff ${user.getUsername()}`;
  }
}
