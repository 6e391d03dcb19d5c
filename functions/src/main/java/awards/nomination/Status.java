package awards.nomination;

/** Where a nomination stands; the state machine moves it along these. */
public enum Status {
    SUBMITTED, CLOSED, SHORTLISTED, NOT_SHORTLISTED, WINNER, HIGHLY_COMMENDED, FINALIST, WITHDRAWN
}
