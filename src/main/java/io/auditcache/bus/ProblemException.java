package io.auditcache.bus;

/** Carries a {@link Problem} through a failed {@code Future}; cheap (no stack trace) because it is expected. */
public final class ProblemException extends RuntimeException {

  private final transient Problem problem;

  public ProblemException(Problem problem) {
    super(problem.encode(), null, false, false);
    this.problem = problem;
  }

  public Problem problem() {
    return problem;
  }
}
