package nl.hartketen.domain.referral;

import java.util.List;

/**
 * A step the server moves a request's task to when something happens along the chain or in a consult (an appointment,
 * an answer, a back-referral): the business status it shows (a code of CodeSystem task-business-status, with its
 * display) and the Task statuses it moves along, as far as the state machine allows ({@link Referral#takeStep}).
 */
public interface TaskStep {

    /** The business status code, e.g. "appointment-scheduled". */
    String code();

    /** The code's display in CodeSystem task-business-status. */
    String display();

    /** The Task statuses the step moves the task along, in order; empty when it keeps the task's status. */
    List<TaskStatus> path();
}
