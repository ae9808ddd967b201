import { AuthModel } from 'nest-django-auth';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** The reference Django project's polls.Question, with its custom `can_vote` permission. */
@AuthModel({ appLabel: 'polls', permissions: [['can_vote', 'Can vote in elections']] })
@Entity('polls_question')
export class Question {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ name: 'question_text', type: 'varchar', length: 200 })
  questionText: string;

  @Column({ name: 'pub_date', type: Date })
  pubDate: Date;
}
