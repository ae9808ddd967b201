import { CurrentUser, LoginRequired, PermissionRequired, User, UserPassesTest } from 'nest-django-auth';
import { Controller, Get, Header } from '@nestjs/common';

/** The routes of the reference Django project, guarded the Django way. */
@Controller()
export class PollsController {
  @Get('private')
  @LoginRequired()
  @Header('Content-Type', 'text/plain; charset=utf-8')
  private(@CurrentUser() user: User): string {
    return `hello ${user.getUsername()}`;
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
