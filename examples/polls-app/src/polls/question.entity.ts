import { AuthModel } from 'nest-django-auth';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** Django's polls.Question, with a custom permission: `polls.can_vote`. */
@AuthModel({ appLabel: 'polls', permissions: [['can_vote', 'Can vote in elections']] })
@Entity('polls_question')
export class Question {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ name: 'question_text', type: 'varchar', length: 200 })
  questionText!: string;
}
