package cn.tongfa.hub.media;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

import cn.tongfa.hub.agency.HubUser;
import cn.tongfa.hub.agency.Roles;
import cn.tongfa.hub.web.ApiException;
import cn.tongfa.hub.web.ApiException.FieldProblem;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

/** {@code /api/v1/media} (API.md, "Media"): uploads, their description and their removal. */
@RestController
@RequestMapping("/api/v1/media")
@Tag(name = "media", description = "媒体库：图片与附件")
class MediaController {

    private static final String[] WRITERS = {Roles.EDITOR, Roles.APPROVER, Roles.ADMIN};

    private final MediaLibrary library;

    MediaController(MediaLibrary library) {
        this.library = library;
    }

    @PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @Operation(summary = "上传图片或附件", description = "类型按文件内容判断（JPG、PNG、GIF；PDF、OFD、DOC、DOCX、XLS、XLSX、"
            + "WPS、ET 及只含这些文档的 ZIP）。同一机构再次上传相同内容时答 200 与原有的 id。")
    @ApiResponse(responseCode = "201", description = "新文件")
    @ApiResponse(responseCode = "200", description = "本机构已有相同内容的文件")
    @ApiResponse(responseCode = "413", description = "超过大小上限")
    @ApiResponse(responseCode = "415", description = "不接受的文件类型")
    ResponseEntity<MediaView> upload(@RequestParam(name = "file", required = false) MultipartFile file,
            @Parameter(description = "文件所属机构；默认为调用者的机构，市级管理员必填")
            @RequestParam(name = "agency", required = false) String agency,
            HubUser user) {
        requireWriter(user);
        String owner = agency == null || agency.isBlank() ? user.agency() : agency.strip();
        if (owner == null) {
            throw ApiException.invalid(List.of(new FieldProblem("agency", "media.agencyRequired")));
        }
        if (file == null) {
            throw ApiException.invalid(List.of(new FieldProblem("file", "media.fileRequired")));
        }
        MediaLibrary.Stored stored;
        // The container has spooled the part to disk; it is read from there as a stream.
        try (InputStream in = file.getInputStream()) {
            stored = library.upload(owner, user, file.getOriginalFilename(), in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        MediaView view = MediaView.of(stored.file(), library);
        return stored.created()
                ? ResponseEntity.created(URI.create("/api/v1/media/" + view.id())).body(view)
                : ResponseEntity.ok().location(URI.create("/api/v1/media/" + view.id())).body(view);
    }

    @GetMapping("/{id}")
    @Operation(summary = "媒体文件的说明（不含内容）")
    MediaView get(@PathVariable String id, HubUser user) {
        return MediaView.of(visible(id, user), library);
    }

    @DeleteMapping("/{id}")
    @Operation(summary = "删除媒体文件", description = "仍被任何信息使用（封面、附件或正文图片）时答 409：已发布的页面不会因删除而缺图少件。")
    @ApiResponse(responseCode = "204", description = "已删除")
    @ApiResponse(responseCode = "409", description = "仍被信息使用")
    ResponseEntity<Void> delete(@PathVariable String id, HubUser user) {
        requireWriter(user);
        library.delete(visible(id, user), user);
        return ResponseEntity.status(HttpStatus.NO_CONTENT).build();
    }

    /** Another agency's file is answered exactly like one that does not exist. */
    private MediaFile visible(String id, HubUser user) {
        return library.find(id, user.isCityAdmin() ? null : agencyOf(user))
                .orElseThrow(() -> ApiException.notFound("media.unknown", id));
    }

    private static String agencyOf(HubUser user) {
        return user.agency() == null ? "" : user.agency();
    }

    private static void requireWriter(HubUser user) {
        if (!user.hasAnyRole(WRITERS)) {
            throw ApiException.forbidden("item.forbidden", "upload media",
                    String.join("、", java.util.Arrays.stream(WRITERS).map(Roles::label).toList()));
        }
    }
}
