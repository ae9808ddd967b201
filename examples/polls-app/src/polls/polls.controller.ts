import { Controller, Get } from '@nestjs/common';
import { CurrentUser, LoginRequired, PermissionRequired, User } from 'nest-django-auth';

@Controller()
export class PollsController {
  @Get('private')
  @LoginRequired()
  private(@CurrentUser() user: User): string {
    return `hello ${user.getUsername()}`;
  }

  @Get('vote')
  @PermissionRequired('polls.can_vote', { raiseException: true })
  vote(): string {
    return 'voted';
  }
}
