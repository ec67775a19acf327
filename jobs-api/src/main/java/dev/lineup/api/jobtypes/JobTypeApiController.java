package dev.lineup.api.jobtypes;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The job catalog, for producers writing or generating their client. */
@RestController
class JobTypeApiController {

    private final JobTypeDescriptions descriptions;

    JobTypeApiController(JobTypeDescriptions descriptions) {
        this.descriptions = descriptions;
    }

    /**
     * {@code GET /api/v1/job-types}: every job type with its description, default priority and
     * payload fields (type, whether required, constraints in words); {@code email.send} also
     * lists its templates and the variables each requires.
     */
    @GetMapping("/api/v1/job-types")
    JobTypeDescriptions.Types list() {
        return descriptions.all();
    }
}
